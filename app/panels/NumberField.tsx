/**
 * A number input bound to the store: it shows the stored value (also when a
 * share link or a reset changes it), keeps what the user is typing until it
 * is a valid number, and marks it invalid until then.
 */
import { useEffect, useState, type InputHTMLAttributes } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> {
  value: number;
  /** The value to store, or null while the text is not valid. */
  parse: (text: string) => number | null;
  onValue: (value: number) => void;
}

export function NumberField({ value, parse, onValue, ...rest }: Props) {
  const [text, setText] = useState(String(value));
  useEffect(() => {
    // Follow the store when it changes from outside, unless the text already means this value.
    setText((current) => (parse(current) === value ? current : String(value)));
  }, [value, parse]);
  const valid = parse(text) !== null;
  return (
    <input
      {...rest}
      type="number"
      value={text}
      aria-invalid={!valid}
      onChange={(e) => {
        setText(e.target.value);
        const v = parse(e.target.value);
        if (v !== null) onValue(v);
      }}
    />
  );
}

/** A parser for numbers in [min, max], whole numbers when `integer`. */
export function numberIn(min: number, max: number, integer = false): (text: string) => number | null {
  return (text) => {
    const v = Number(text);
    return text.trim() !== '' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v)) ? v : null;
  };
}

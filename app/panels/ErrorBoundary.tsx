/**
 * Keeps one failing panel from blanking the page: it shows what failed and
 * offers to draw the panel again. The data and results live in the store, so
 * nothing is lost.
 */
import { Component, type ReactNode } from 'react';

interface Props {
  /** What this boundary guards, for the message. */
  name: string;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section role="alert" className="error banner" data-testid="panel-error">
        <p>
          The {this.props.name} failed: {error.message.slice(0, 300)}. Your data and results are kept.
        </p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Show the {this.props.name} again
        </button>
      </section>
    );
  }
}

/** Cluster colours shared by the viewer's outlines and the table's swatches (Tableau 10, colour-blind aware). */
const TABLEAU10: [number, number, number][] = [
  [78, 121, 167],
  [242, 142, 43],
  [225, 87, 89],
  [118, 183, 178],
  [89, 161, 79],
  [237, 201, 72],
  [176, 122, 161],
  [255, 157, 167],
  [156, 117, 95],
  [186, 176, 172],
];

export function clusterColour(id: number): [number, number, number] {
  return TABLEAU10[(id - 1 + TABLEAU10.length) % TABLEAU10.length];
}

export const cssColour = ([r, g, b]: [number, number, number]) => `rgb(${r} ${g} ${b})`;

/** The publication mosaic: two rows of axial slices every 12 mm from z = −36 to 72 (MNI, mm). */
const Z = [-36, -24, -12, 0, 12, 24, 36, 48, 60, 72];

export const MOSAIC_FIGURE_SLICES = {
  z: Z,
  /** NiiVue's mosaic syntax: "A" axial, ";" a new row. */
  spec: `A ${Z.slice(0, 5).join(' ')} ; A ${Z.slice(5).join(' ')}`,
};

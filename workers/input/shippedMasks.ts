/**
 * The analysis masks shipped in public/assets/. The default is GingerALE's
 * and NiMARE's MNI152 brain mask, so default settings give their numbers; the
 * Colin27 brain mask matches the display template.
 */
export type ShippedMaskName = 'mni152' | 'colin27';

export const SHIPPED_MASKS: Record<ShippedMaskName, { file: string; label: string }> = {
  mni152: { file: 'MNI152_2x2x2_brainmask.nii.gz', label: "MNI152 brain mask, 2 mm (GingerALE's MNI152_wb, as NiMARE ships it; 228,483 voxels)" },
  colin27: { file: 'colin27_mask_2mm.nii.gz', label: 'Colin27 brain, 2 mm (217,368 voxels)' },
};

export const DEFAULT_MASK_NAME: ShippedMaskName = 'mni152';

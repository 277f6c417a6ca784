/** @packageDocumentation @ionscope/numerics: shared numerical kernels. */
export const NUMERICS_PLACEHOLDER = true;

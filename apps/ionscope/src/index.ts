/** @packageDocumentation The ionscope CLI (work in progress). */
export const CLI_PLACEHOLDER = true;

/** Length units as beamline files spell them, converted to µm. */
const TO_UM: Record<string, number> = {
  m: 1e6,
  meter: 1e6,
  meters: 1e6,
  cm: 1e4,
  mm: 1e3,
  um: 1,
  µm: 1,
  μm: 1,
  micron: 1,
  microns: 1,
  micrometer: 1,
  micrometre: 1,
  nm: 1e-3,
  nanometer: 1e-3,
};

/** `value` in `unit` as µm; undefined when the unit is absent or not a length. */
export function lengthToMicrometres(value: number, unit: string | undefined): number | undefined {
  if (!unit) return undefined;
  const f = TO_UM[unit.trim().toLowerCase()];
  return f === undefined || !Number.isFinite(value) ? undefined : value * f;
}

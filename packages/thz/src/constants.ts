/** Physical constants (CODATA 2018, exact where SI defines them). */

/** Speed of light in vacuum, m/s. */
export const SPEED_OF_LIGHT = 299_792_458;
/** Vacuum permittivity ε0, F/m. */
export const VACUUM_PERMITTIVITY = 8.8541878128e-12;
/** Impedance of free space Z0 = 1/(ε0 c), Ω. */
export const FREE_SPACE_IMPEDANCE = 1 / (VACUUM_PERMITTIVITY * SPEED_OF_LIGHT);
/** Elementary charge, C. */
export const ELEMENTARY_CHARGE = 1.602176634e-19;
/** Electron mass, kg. */
export const ELECTRON_MASS = 9.1093837015e-31;

/** 2π·10¹²: angular frequency in rad/s of 1 THz. */
export const RAD_PER_S_PER_THZ = 2 * Math.PI * 1e12;

/** Nest injection tokens of intake's own providers. */
export const INTAKE_CLOCK = Symbol('INTAKE_CLOCK');

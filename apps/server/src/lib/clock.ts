/** The server's only source of time, so tests can move it. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export const iso = (d: Date) => d.toISOString();
export const addSeconds = (d: Date, s: number) => new Date(d.getTime() + s * 1000);

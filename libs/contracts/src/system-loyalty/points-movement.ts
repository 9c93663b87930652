/** A caller's key for one points movement; repeating a movement with it changes nothing. */
export const POINTS_REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** The longest reference {@link POINTS_REFERENCE_PATTERN} admits. */
export const MAX_POINTS_REFERENCE_LENGTH = 64;

/** Most points one accrual or redemption may move. */
export const MAX_POINTS_PER_MOVEMENT = 1_000_000;

/** A SKU as the catalogue issues it: letters, digits and dashes, at most 20. */
export const SKU_PATTERN = /^[A-Za-z0-9-]{1,20}$/;

/** A store id (the ERP's plant, the POS back office's store code, the OMS's location). */
export const STORE_ID_PATTERN = /^[A-Za-z0-9-]{1,20}$/;

/** A loyalty member id: the 13-digit card number. */
export const MEMBER_ID_PATTERN = /^\d{13}$/;

import type { IdentifyCaller } from '@omnigate/rate-limit';

/**
 * Whom the control tower counts a request for: the person whose key `TowerAccessGuard` admitted,
 * each on their own (one busy page does not lock out a colleague). Refusals on /metrics are
 * labelled with the role, never the person's name.
 */
export const towerPersonCaller: IdentifyCaller = (request) => {
  const person = request.towerPerson;
  return person && { key: `person:${person.person}`, label: `control-tower-${person.role}` };
};

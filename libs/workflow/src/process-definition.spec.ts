import { IllegalTransition, assertTransition, statesLeadingTo, type ProcessDefinition } from './process-definition';

type Light = 'RED' | 'GREEN' | 'AMBER';
const lights: ProcessDefinition<Light> = { RED: ['GREEN'], GREEN: ['AMBER'], AMBER: ['RED'] };

describe('process definitions', () => {
  it('allows a listed move', () => expect(() => assertTransition('light', lights, 'RED', 'GREEN')).not.toThrow());
  it('refuses an unlisted move as a conflict naming both states', () => {
    const refusal = (() => {
      try {
        assertTransition('light', lights, 'RED', 'AMBER');
      } catch (error) {
        return error as IllegalTransition;
      }
    })();
    expect(refusal).toBeInstanceOf(IllegalTransition);
    expect(refusal).toMatchObject({ kind: 'conflict', type: 'illegal-light-transition', extensions: { currentState: 'RED', requestedState: 'AMBER' } });
  });
  it('finds the states a move may start from', () => expect(statesLeadingTo(lights, 'RED')).toEqual(['AMBER']));
});

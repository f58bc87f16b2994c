import { DomainError } from '../../lib/errors';
import { findRestriction, type RestrictedArea } from './restricted-areas';
import type { SetupCommand } from './setup-command';

/** Refuses restricted places. It changes nothing, so it has nothing to undo. */
export function locationValidationCommand(areas: RestrictedArea[]): SetupCommand {
  return {
    name: 'location-validation',
    async execute(_tx, machine) {
      const restriction = findRestriction(areas, machine);
      if (restriction) {
        const where =
          restriction.city === '*' ? machine.country : `${machine.city}, ${machine.country}`;
        throw new DomainError('restricted_location', `machines cannot be installed in ${where}`);
      }
    },
    async undo() {},
  };
}

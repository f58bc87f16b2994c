import { isRetriable } from '../../lib/errors';
import { withTimeout } from '../adapters/adapter-error';
import type { MachineAdapter } from '../adapters/machine';
import { RequestRefusal } from './request-refusal';
import type { RequestStep } from './request-step';

/** Tells the machine to hand out the drink. Nothing to compensate: nothing came out. */
export function dispensingStep(options: {
  machines: MachineAdapter;
  timeoutMs: number;
}): RequestStep {
  return {
    name: 'dispensing',
    async handle(_tx, state) {
      try {
        await withTimeout('dispense', options.timeoutMs, () =>
          options.machines.dispense({
            requestId: state.requestId,
            machineId: state.machineId,
            drinkId: state.drinkId,
          }),
        );
      } catch (error) {
        if (isRetriable(error)) throw error;
        throw new RequestRefusal(
          'dispense_failed',
          'failed',
          'The machine could not prepare your drink. Your payment has been refunded.',
          { cause: error },
        );
      }
    },
  };
}

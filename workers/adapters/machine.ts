import type { Logger } from '../../lib/logger';
import { faultError } from './adapter-error';
import { noFaults, type FaultInjector } from './fault-injector';

/** The vending machines themselves, as far as the workers talk to them. */
export type MachineAdapter = {
  /** Makes the machine hand out one drink for a request. Throws when it cannot. */
  dispense(order: { requestId: string; machineId: string; drinkId: string }): Promise<void>;
  /** Sends the machine its code and API key; the only time the key leaves the worker. */
  provision(machine: { machineId: string; machineCode: string; apiKey: string }): Promise<void>;
};

/**
 * Machines that always work unless the fault injector says otherwise: a machine can be broken
 * (`dispense`, keyed by machine id: every order there fails) or jam on one order (`jam`, keyed
 * by request id).
 */
export function simulatedMachines(options: {
  logger: Logger;
  faults?: FaultInjector;
}): MachineAdapter {
  const faults = options.faults ?? noFaults;
  return {
    async dispense(order) {
      const fault =
        faults.failure('dispense', order.machineId) ?? faults.failure('jam', order.requestId);
      if (fault) throw faultError('dispense', fault);
      options.logger.debug(
        { requestId: order.requestId, machineId: order.machineId },
        'drink dispensed',
      );
    },
    async provision(machine) {
      const fault = faults.failure('network', machine.machineId);
      if (fault) throw faultError('network', fault);
      options.logger.debug({ machineId: machine.machineId }, 'machine provisioned');
    },
  };
}

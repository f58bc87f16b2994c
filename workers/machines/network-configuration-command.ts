import { eq } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import { machineCredentials } from '../../db/schema';
import { withTimeout } from '../adapters/adapter-error';
import type { MachineAdapter } from '../adapters/machine';
import type { SetupCommand } from './setup-command';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A readable, unique code derived from the machine id, e.g. `SE-3F2A9C1B7D04`. */
export function machineCodeFor(machineId: string): string {
  return `SE-${machineId.replaceAll('-', '').slice(0, 12).toUpperCase()}`;
}

/**
 * Gives the machine its code and a fresh API key. The key goes to the machine and nowhere
 * else; we keep its sha256 only. Provisioning comes first so a refused machine leaves no row.
 */
export function networkConfigurationCommand(options: {
  machines: MachineAdapter;
  timeoutMs: number;
  newApiKey?: () => string;
}): SetupCommand {
  const newApiKey = options.newApiKey ?? (() => randomBytes(32).toString('base64url'));
  return {
    name: 'network-configuration',
    async execute(tx, machine) {
      const machineCode = machineCodeFor(machine.machineId);
      const apiKey = newApiKey();
      await withTimeout('provision', options.timeoutMs, () =>
        options.machines.provision({ machineId: machine.machineId, machineCode, apiKey }),
      );
      await tx
        .insert(machineCredentials)
        .values({ machineId: machine.machineId, machineCode, apiKeySha256: sha256Hex(apiKey) });
    },
    async undo(tx, machine) {
      await tx
        .delete(machineCredentials)
        .where(eq(machineCredentials.machineId, machine.machineId));
    },
  };
}

import { describe, expect, it } from 'vitest';
import { testEnv } from '../test/support/env';
import { composeConnectorOverrides } from './stack/compose';
import { createConnectClient } from './connect-client';
import { applyConnector, connectorName, describeStatus, loadConnectorConfig } from './connector';

describe('connector management', () => {
  const client = createConnectClient({ baseUrl: testEnv.connectUrl });

  it('applies the repository config idempotently and reports connector and task RUNNING', async () => {
    const config = loadConnectorConfig(
      process.env.SIPEAT_STACK === 'docker'
        ? { databaseHostname: 'postgres', databasePort: '5432' }
        : {},
    );
    await applyConnector(client, config);
    const status = await applyConnector(client, config);

    expect(status.connector.state).toBe('RUNNING');
    expect(status.tasks.map((t) => t.state)).toEqual(['RUNNING']);
    expect(await client.config(connectorName)).toMatchObject(config);
    expect(describeStatus(status)).toContain('task 0: RUNNING');
  });

  it('routes the outbox only, through pgoutput, without double-encoding the payload', () => {
    const config = loadConnectorConfig();
    expect(config).toMatchObject({
      'plugin.name': 'pgoutput',
      'publication.autocreate.mode': 'filtered',
      'table.include.list': 'public.outbox',
      'transforms.outbox.table.expand.json.payload': 'false',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    });
  });

  it('explains a connector that is not registered', () => {
    expect(describeStatus(undefined)).toContain('npm run connector -- apply');
  });
});

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Where the native stack keeps its jars, data, logs and pid files, and the ports it listens on. */
export type StackLayout = {
  root: string;
  configDir: string;
  libDir: string;
  pluginDir: string;
  runDir: string;
  logDir: string;
  pgData: string;
  kafkaData: string;
  ports: { postgres: number; kafka: number; kafkaController: number; connect: number };
};

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export const defaultPorts: StackLayout['ports'] = {
  postgres: 54329,
  kafka: 19092,
  kafkaController: 19093,
  connect: 18083,
};

/**
 * The layout of one stack instance. A second instance (another root and other ports) can run
 * beside the first, e.g. to time a cold start without stopping the stack others are using.
 */
export function stackLayout(
  root = path.join(projectRoot, '.stack'),
  ports: Partial<StackLayout['ports']> = {},
): StackLayout {
  return {
    root,
    configDir: path.join(projectRoot, 'connect', 'config'),
    libDir: path.join(root, 'lib'),
    pluginDir: path.join(root, 'plugins'),
    runDir: path.join(root, 'run'),
    logDir: path.join(root, 'logs'),
    pgData: path.join(root, 'pg'),
    kafkaData: path.join(root, 'kafka'),
    ports: { ...defaultPorts, ...ports },
  };
}

/** Fills `${NAME}` placeholders in a config template; an unknown placeholder is a bug, not a blank. */
export function renderTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\$\{([A-Z_]+)\}/g, (match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder ${match} has no value`);
    return String(value);
  });
}

/**
 * Renders connect/config/<name> into the run folder and returns the written file: the JVMs
 * read their configs from there, with this instance's ports and folders filled in.
 */
export function writeConfig(
  layout: StackLayout,
  name: string,
  values: Record<string, string | number>,
): string {
  const template = fs.readFileSync(path.join(layout.configDir, name), 'utf8');
  const file = path.join(layout.runDir, name);
  fs.mkdirSync(layout.runDir, { recursive: true });
  fs.writeFileSync(file, renderTemplate(template, values));
  return file;
}

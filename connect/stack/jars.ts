import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot, type StackLayout } from './layout';
import { StackError } from './processes';
import { findMaven } from './toolchain';

type JarSet = { pom: string; outputDir: string };

function jarSets(layout: StackLayout): JarSet[] {
  const maven = path.join(projectRoot, 'connect', 'maven');
  return [
    { pom: path.join(maven, 'runtime', 'pom.xml'), outputDir: layout.libDir },
    {
      pom: path.join(maven, 'debezium', 'pom.xml'),
      outputDir: path.join(layout.pluginDir, 'debezium-connector-postgres'),
    },
  ];
}

/**
 * Makes sure the pinned jars are in the git-ignored cache. A marker holding the descriptor's
 * hash means a changed pom.xml refetches, while an unchanged one costs nothing.
 * Returns whether anything was downloaded.
 */
export function ensureJars(layout: StackLayout): boolean {
  let fetched = false;
  for (const set of jarSets(layout)) {
    const digest = createHash('sha256').update(fs.readFileSync(set.pom)).digest('hex');
    const marker = path.join(set.outputDir, '.fetched');
    if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === digest) continue;

    const mvn = findMaven();
    fs.rmSync(set.outputDir, { recursive: true, force: true });
    try {
      execFileSync(
        mvn,
        [
          '-B',
          '-q',
          '-f',
          set.pom,
          'dependency:copy-dependencies',
          '-DincludeScope=runtime',
          `-DoutputDirectory=${set.outputDir}`,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (error) {
      const output = String((error as { stdout?: Buffer }).stdout ?? '').slice(-2000);
      throw new StackError(
        `Maven could not fetch the jars of ${path.relative(projectRoot, set.pom)}:\n${output}`,
        'check that Maven Central is reachable (mvn -v; ~/.m2/settings.xml)',
        { cause: error },
      );
    }
    fs.writeFileSync(marker, digest);
    fetched = true;
  }
  return fetched;
}

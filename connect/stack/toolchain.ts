import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StackError } from './processes';

/** The java binary: JAVA_HOME's when set, else the one on PATH. Requires Java 17 or newer. */
export function findJava(javaHome: string | undefined): string {
  const java = javaHome ? path.join(javaHome, 'bin', 'java') : 'java';
  // `java -version` prints to stderr.
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new StackError(
      'Java was not found',
      'install a JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless) or set JAVA_HOME',
      { cause: result.error },
    );
  }
  const major = Number(/version "(\d+)/.exec(result.stderr)?.[1] ?? '0');
  if (major < 17) {
    throw new StackError(
      `Java ${major} is too old for Kafka 4`,
      'install a JDK 17+ or point JAVA_HOME at one',
    );
  }
  return java;
}

/** Maven is only needed while the jars are not yet cached. */
export function findMaven(): string {
  try {
    execFileSync('mvn', ['-v'], { stdio: 'ignore' });
    return 'mvn';
  } catch (error) {
    throw new StackError(
      'Maven (mvn) was not found; it fetches the Kafka and Debezium jars once',
      'install Maven 3.8+ (e.g. apt-get install maven)',
      { cause: error },
    );
  }
}

/**
 * PostgreSQL server binaries, 15 or newer: PG_BIN when set, else the newest under
 * /usr/lib/postgresql, else `pg_config --bindir`.
 */
export function findPostgresBin(pgBin: string | undefined): string {
  const candidates: string[] = [];
  if (pgBin) candidates.push(pgBin);
  const debianRoot = '/usr/lib/postgresql';
  if (fs.existsSync(debianRoot)) {
    const versions = fs
      .readdirSync(debianRoot)
      .filter((v) => /^\d+$/.test(v) && Number(v) >= 15)
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debianRoot, v, 'bin')));
  }
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // pg_config is optional; the Debian layout above is the usual source.
  }
  const found = candidates.find(
    (dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')),
  );
  if (!found) {
    throw new StackError(
      'PostgreSQL server binaries (initdb, pg_ctl) were not found',
      'install PostgreSQL 15+ server packages (e.g. apt-get install postgresql-15) or set PG_BIN to their bin folder',
    );
  }
  return found;
}

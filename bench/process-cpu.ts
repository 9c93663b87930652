import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';

/** Linux's clock ticks per second (USER_HZ), the unit of the times in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_S = 100;

/** The fields of /proc/<pid>/stat after the parenthesised command name: state is [0], ppid [1], utime [11]. */
function statFields(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  } catch {
    return undefined;
  }
}

/** The CPU seconds (user and system) process `pid` has used, undefined when it is gone or not on this machine. */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  const fields = pid === undefined ? undefined : statFields(pid);
  return fields && (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
}

/**
 * Reads the CPU seconds a PostgreSQL server on this machine has used: its postmaster, its live
 * backends, and (from the postmaster's reaped children's times) the backends that have exited.
 * Undefined when the server is not a process this bench can see (another host or container).
 */
export async function postgresCpuSeconds(databaseUrl: string): Promise<(() => number) | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let postmaster: number;
  try {
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    // Read while the backend lives: its parent is the postmaster.
    postmaster = Number(statFields(backend)?.[1]);
  } finally {
    await client.end();
  }
  if (!postmaster || !readFileSync(`/proc/${postmaster}/comm`, 'utf8').startsWith('postgres'))
    return undefined;
  return () => {
    const own = statFields(postmaster);
    // utime, stime, and the times of its children it has waited for (the exited backends).
    let ticks = own ? Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]) : 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const fields = statFields(Number(entry));
      if (fields && Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
    }
    return ticks / CLOCK_TICKS_PER_S;
  };
}

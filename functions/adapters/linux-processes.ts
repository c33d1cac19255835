import { readFileSync, readdirSync } from 'node:fs';

/**
 * What Linux's /proc tells of processes, for the printer's watch on Chromium's renderers and for
 * the benchmark's memory samples. Elsewhere (or for a process that ended while we looked): nothing.
 */

const PAGE_SIZE = 4096;

/** Resident memory of a process, in bytes; 0 when it is gone. */
export function residentBytes(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_SIZE;
  } catch {
    return 0;
  }
}

/** A process and all its descendants, the process first (Chromium runs a browser, GPU, utility and renderer processes). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [root];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may contain spaces; the fields after its closing parenthesis do not.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  const tree: number[] = [];
  for (let queue = [root], pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Chromium's renderer processes among `root`'s descendants. */
export function rendererProcesses(root: number): number[] {
  return processTree(root).filter((pid) => {
    try {
      return pid !== root && readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('--type=renderer');
    } catch {
      return false;
    }
  });
}

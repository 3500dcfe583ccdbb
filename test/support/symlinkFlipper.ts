// A worker thread that races the artifact code: it keeps swapping one name between a real
// folder and a symlink to an outside folder, as someone who can write the artifact root could.
// The two stashes live next to the flipped name so every rename stays within one folder.
// workerData: { folder, name, outside, insideFile, insideText }. It posts 'running' once
// swapping; post 'stop' to end it and it answers with the number of completed swaps. It never throws: a step that loses a race with
// the server (which may create the folder while the name is free) is repaired and retried.
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

const { folder, name, outside, insideFile, insideText } = workerData as {
  folder: string; name: string; outside: string; insideFile: string; insideText: string;
};
const flipped = path.join(folder, name);
const realStash = path.join(folder, `.stash-real-${name}`);
const linkStash = path.join(folder, `.stash-link-${name}`);

function makeStash(stash: string): void {
  if (fs.lstatSync(stash, { throwIfNoEntry: false })) return;
  if (stash === linkStash) {
    fs.symlinkSync(outside, linkStash);
  } else {
    fs.mkdirSync(realStash);
    fs.writeFileSync(path.join(realStash, insideFile), insideText);
  }
}

/** Puts `stash` at the flipped name and takes it back; false when the name was taken. */
function flipOnce(stash: string): boolean {
  try {
    makeStash(stash);
    fs.renameSync(stash, flipped);
  } catch {
    // A request created a folder there while the name was free: clear it (rmSync removes a link
    // itself, never its target) and try again next time.
    try {
      fs.rmSync(flipped, { recursive: true, force: true });
    } catch {
      // still being written: next time
    }
    return false;
  }
  try {
    fs.renameSync(flipped, stash);
  } catch {
    // Someone removed it meanwhile; makeStash recreates it.
  }
  return true;
}

let running = true;
parentPort?.on('message', () => { running = false; });

let swaps = 0;
let announced = false;
function loop(): void {
  // Many swaps per turn, then yield so the 'stop' message can arrive.
  for (let i = 0; i < 500 && running; i++) {
    if (flipOnce(realStash) && flipOnce(linkStash)) swaps++;
  }
  if (!announced) {
    parentPort?.postMessage('running');
    announced = true;
  }
  if (running) setImmediate(loop);
  else parentPort?.postMessage(swaps);
}
loop();

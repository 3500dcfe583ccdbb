// The descriptor checks behind every local artifact operation (confinedFiles.ts), without the
// path checks in front of them: what a link swapped in after a path check would meet.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  OutsideRootError, childOf, listOpenedFolder, openFolderForWrite, openInside, removeChild,
} from '../../src/store/artifacts/confinedFiles.ts';

describe('confined files', () => {
  let base: string;
  let root: string;
  let outside: string;

  before(() => {
    // Real path: the checks compare with the root's real path (macOS /var is a link).
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-confined-')));
    root = path.join(base, 'root');
    outside = path.join(base, 'outside');
    fs.mkdirSync(path.join(root, 'real'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    fs.writeFileSync(path.join(root, 'real', 'a.txt'), 'inside');
    fs.symlinkSync(outside, path.join(root, 'out'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'out.txt'));
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'in'));
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  test('a file or folder reached through a link leaving the root is refused once open', async () => {
    await assert.rejects(openInside(root, 'out.txt'), OutsideRootError);
    await assert.rejects(openInside(root, 'out/secret.txt'), OutsideRootError);
    await assert.rejects(openInside(root, 'out', true), OutsideRootError);
    await assert.rejects(openFolderForWrite(root, 'out/new'), OutsideRootError);
    assert.deepEqual(fs.readdirSync(outside), ['secret.txt'], 'no folder was created outside');
  });

  test('links that stay inside the root are followed and verified', async () => {
    const file = await openInside(root, 'in/a.txt');
    try {
      assert.equal((await file.handle.readFile()).toString(), 'inside');
      assert.equal(file.realPath, path.join(root, 'real', 'a.txt'));
    } finally {
      await file.handle.close();
    }
    const folder = await openInside(root, '', true);
    try {
      const listed = (await listOpenedFolder(folder, root)).sort((a, b) => a.name.localeCompare(b.name));
      assert.deepEqual(listed.map((entry) => entry.name), ['in', 'real'], 'links leaving the root are not listed');
    } finally {
      await folder.handle.close();
    }
  });

  test('folders are created one at a time inside the verified parent; removal unlinks links', async () => {
    const folder = await openFolderForWrite(root, 'in/x/y');
    try {
      fs.writeFileSync(childOf(folder, 'f.txt'), 'written');
      fs.symlinkSync(outside, childOf(folder, 'link'));
    } finally {
      await folder.handle.close();
    }
    assert.equal(fs.readFileSync(path.join(root, 'real', 'x', 'y', 'f.txt'), 'utf8'), 'written');
    const parent = await openInside(root, 'real', true);
    try {
      await removeChild(parent, 'x', root);
    } finally {
      await parent.handle.close();
    }
    assert.equal(fs.existsSync(path.join(root, 'real', 'x')), false);
    assert.deepEqual(fs.readdirSync(outside), ['secret.txt']);
  });
});

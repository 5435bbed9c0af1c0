// Atomic file writes for migrate: a temp file in the same directory, fsync, rename over the
// target (keeping its mode). A failure leaves the target as it was.
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomic(target: string, content: string | Buffer, defaultMode = 0o644): Promise<void> {
  let mode = defaultMode;
  try {
    const st = await lstat(target);
    if (st.isSymbolicLink()) throw Object.assign(new Error('is a symbolic link; not replacing it'), { code: 'ESYMLINK' });
    if (!st.isFile()) throw Object.assign(new Error('is not a regular file'), { code: 'ENOTFILE' });
    mode = st.mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await mkdir(dirname(target), { recursive: true });
  }
  const tmp = join(dirname(target), `.${basename(target)}.leakguard-${randomBytes(4).toString('hex')}.tmp`);
  let fh;
  try {
    fh = await open(tmp, 'wx', mode);
    await fh.writeFile(content);
    await fh.sync();
    await fh.close();
    fh = undefined;
    await chmod(tmp, mode);
    await rename(tmp, target);
  } catch (e) {
    await fh?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

import assert from "node:assert/strict";
import { zipStream } from "../../../src/gitlab/archive/zip-stream.ts";
import type { ArchiveMember } from "../../../src/gitlab/archive/archive-member.ts";

const CHECK = String.raw`
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
infos = z.infolist()
assert z.testzip() is None
print(len(infos), infos[-1].filename, z.read(infos[-1]).decode(), oct(infos[-1].external_attr >> 16))
`;

Deno.test("ZipWriter: Zip64 end records past 65535 members, readable by Python's zipfile", async () => {
  const enc = new TextEncoder();
  const count = 70_000;
  function* members(): Generator<ArchiveMember> {
    for (let i = 0; i < count; i++) {
      yield {
        name: enc.encode(`p/f${i}`),
        mode: i % 2 ? 0o755 : 0o644,
        isLink: false,
        data: () => enc.encode(`${i}\n`),
      };
    }
  }
  const dir = await Deno.makeTempDir();
  try {
    const file = await Deno.open(`${dir}/a.zip`, { write: true, create: true });
    for (const piece of zipStream(members(), 1_700_000_000)) await file.write(piece);
    file.close();
    const out = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", CHECK, `${dir}/a.zip`],
      stdout: "piped",
    }).output();
    assert.ok(out.success);
    assert.equal(new TextDecoder().decode(out.stdout), `${count} p/f69999 69999\n 0o100755\n`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

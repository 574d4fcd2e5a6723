// Publishes the demo release store into Azure Blob storage (Azurite in development): container
// `releases`, blobs `<version>/<path>`, the vanilla manifest last. The release store is write-once:
// every upload is a conditional create; an existing blob with the same bytes is left alone, one with
// other bytes is an error, never overwritten. With --rebuild-changed (dev/env only: this store is derived
// from config-samples/), a store whose sources changed is deleted and published again instead.
import { BlobServiceClient } from "@azure/storage-blob";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const args = process.argv.slice(2);
const rebuildChanged = args[0] === "--rebuild-changed";
const [releasesDir, ...versions] = rebuildChanged ? args.slice(1) : args;
const connectionString = process.env.AZURE_STORAGE_CONNECTION_STRING;
if (!releasesDir || versions.length === 0 || !connectionString) {
  console.error("usage: AZURE_STORAGE_CONNECTION_STRING=... node publish-releases.mjs RELEASES_DIR VERSION...");
  process.exit(2);
}

const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });

const container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient("releases");

class Changed extends Error {}

async function publish() {
  await container.createIfNotExists();
  let created = 0, unchanged = 0;
  for (const version of versions) {
    const root = join(releasesDir, version);
    const paths = ["release.yaml", ...files(join(root, "migrations")).map((p) => relative(root, p)),
      "vanilla/db.sql.zst", "vanilla/files.tar.zst", "vanilla/manifest.json"];
    for (const path of paths) {
      const bytes = readFileSync(join(root, path));
      const md5 = createHash("md5").update(bytes).digest();
      const blob = container.getBlockBlobClient(`${version}/${path}`);
      try {
        await blob.uploadData(bytes, { conditions: { ifNoneMatch: "*" }, blobHTTPHeaders: { blobContentMD5: md5 } });
        created++;
      } catch (e) {
        if (e.statusCode !== 409) throw e;
        const existing = (await blob.getProperties()).contentMD5;
        if (!existing || !Buffer.from(existing).equals(md5)) {
          throw new Changed(`releases/${version}/${path} is already published with other content`);
        }
        unchanged++;
      }
    }
  }
  return { created, unchanged };
}

let result;
try {
  result = await publish();
} catch (e) {
  if (!(e instanceof Changed)) throw e;
  if (!rebuildChanged) {
    console.error(`${e.message}; the release store is write-once`);
    process.exit(1);
  }
  console.log(`${e.message}: the sample sources changed, rebuilding the demo release store`);
  await container.delete();
  result = await publish();
}
console.log(`release store in Azurite: ${result.created} blobs created, ${result.unchanged} already there`);

// Publishes the demo release store into Azure Blob storage (Azurite in development): container
// `releases`, blobs `<version>/<path>`, the vanilla manifest last. The release store is write-once:
// every upload is a conditional create; an existing blob with the same bytes is left alone, one with
// other bytes is an error, never overwritten.
import { BlobServiceClient } from "@azure/storage-blob";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const [releasesDir, ...versions] = process.argv.slice(2);
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
        console.error(`releases/${version}/${path} is already published with other content; the release store is write-once`);
        process.exit(1);
      }
      unchanged++;
    }
  }
}
console.log(`release store in Azurite: ${created} blobs created, ${unchanged} already there`);

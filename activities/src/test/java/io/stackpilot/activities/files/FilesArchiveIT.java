package io.stackpilot.activities.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.luben.zstd.ZstdOutputStream;
import io.stackpilot.activities.store.BackupManifest;
import io.stackpilot.activities.store.BackupStore;
import io.stackpilot.activities.store.DirectoryReleaseStore;
import io.stackpilot.activities.store.FileShareBackupStore;
import io.stackpilot.testing.TestEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files part of backups, through Docker's archive API into and out of real volumes. */
class FilesArchiveIT {

  private final DockerClient docker = TestEnvironment.docker();
  private final String image = TestEnvironment.registry() + "/demo/task-runner:1.0.0";
  private final String customer = "fa-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> volumes = new ArrayList<>();
  private FilesArchive archive;
  private BackupStore store;

  @TempDir
  Path temp;

  @BeforeEach
  void setUp() {
    archive = new FilesArchive(docker, image);
    store = new FileShareBackupStore(temp);
  }

  @AfterEach
  void removeVolumes() {
    volumes.forEach(v -> docker.removeVolumeCmd(v).exec());
  }

  private String volume() {
    String name = customer + "_app-data-" + volumes.size();
    docker.createVolumeCmd().withName(name).exec();
    volumes.add(name);
    return name;
  }

  private static byte[] tar(Map<String, String> files, Map<String, String> links) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(content.length);
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
      }
      for (Map.Entry<String, String> link : links.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(link.getKey(), TarArchiveEntry.LF_SYMLINK);
        entry.setLinkName(link.getValue());
        out.putArchiveEntry(entry);
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** Files straight into a volume, as an application would have written them. */
  private void fill(String volume, Map<String, String> files) throws IOException {
    String helper = docker.createContainerCmd(image).withEntrypoint("true").withHostConfig(HostConfig.newHostConfig()
        .withMounts(List.of(new Mount().withType(MountType.VOLUME).withSource(volume).withTarget("/data")))).exec().getId();
    try {
      docker.copyArchiveToContainerCmd(helper).withRemotePath("/data")
          .withTarInputStream(new ByteArrayInputStream(tar(files, Map.of()))).exec();
    } finally {
      docker.removeContainerCmd(helper).exec();
    }
  }

  /** Every regular file in a volume with its content. */
  private Map<String, String> contents(String volume) throws IOException {
    Map<String, String> files = new TreeMap<>();
    eachFile(volume, (name, entry, in) -> files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    return files;
  }

  private interface FileVisitor {
    void visit(String name, TarArchiveEntry entry, InputStream content) throws IOException;
  }

  /** Reads the volume back through a helper container, file by file. */
  private void eachFile(String volume, FileVisitor visitor) throws IOException {
    String helper = docker.createContainerCmd(image).withEntrypoint("true").withHostConfig(HostConfig.newHostConfig()
        .withMounts(List.of(new Mount().withType(MountType.VOLUME).withSource(volume).withTarget("/data")))).exec().getId();
    try (InputStream raw = docker.copyArchiveFromContainerCmd(helper, "/data/.").exec();
         TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.isFile()) {
          visitor.visit(e.getName().replaceFirst("^(\\./|data/)", ""), e, in);
        }
      }
    } finally {
      docker.removeContainerCmd(helper).exec();
    }
  }

  private BackupManifest backupOf(String id, byte[] tar) throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (ZstdOutputStream z = new ZstdOutputStream(compressed)) {
      z.write(tar);
    }
    BackupManifest.Part part = store.writePart(customer, id, FilesArchive.PART, new ByteArrayInputStream(compressed.toByteArray()));
    return new BackupManifest(BackupManifest.FORMAT, id, "backup", customer, "1.0.0", "1", "c0ffee1", "host",
        "2026-11-25T02:00:00Z", List.of(part), null);
  }

  @Test
  void filesRoundTripWithoutTheExcludedPaths() throws IOException {
    String source = volume();
    fill(source, Map.of("config/app.properties", "site.title=Acme\n", "docs/readme.txt", "hello\n",
        "recordings/call-1.wav", "RIFF....", "logs/app.log", "debug line\n", "logbook/entry.txt", "kept\n"));

    BackupManifest.Part part = archive.backup(source, List.of("recordings", "logs"), store, customer, "20261125T020000Z-files",
        progress -> { });
    String target = volume();
    long restored = archive.restore(target, store, new BackupManifest(BackupManifest.FORMAT, "20261125T020000Z-files",
        "backup", customer, "1.0.0", "1", "c0ffee1", "host", "2026-11-25T02:00:00Z", List.of(part), null), null, progress -> { });

    assertThat(restored).isEqualTo(part.size());
    assertThat(contents(target)).containsExactly(Map.entry("config/app.properties", "site.title=Acme\n"),
        Map.entry("docs/readme.txt", "hello\n"), Map.entry("logbook/entry.txt", "kept\n"));
  }

  @Test
  void vanillaFilesAreRestored() throws IOException {
    BackupManifest vanilla = store.importVanilla(new DirectoryReleaseStore(TestEnvironment.releasesDir()), customer, "1.0.0", progress -> { });
    String target = volume();

    archive.restore(target, store, vanilla, null, progress -> { });

    assertThat(contents(target)).containsKeys("README.txt", "config/app.properties");
  }

  @Test
  void entryEscapingTheVolumeRefusesTheWholeArchive() throws IOException {
    BackupManifest evil = backupOf("20261125T020000Z-evil", tar(
        new java.util.LinkedHashMap<>(Map.of("config/app.properties", "ok\n", "../../etc/cron.d/evil", "* * * * * root sh\n")),
        Map.of()));
    String target = volume();

    assertThatThrownBy(() -> archive.restore(target, store, evil, null, progress -> { }))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessage("backup 20261125T020000Z-evil: files.tar.zst: entry '../../etc/cron.d/evil' escapes the files volume; "
            + "nothing was restored");
    assertThat(contents(target)).isEmpty();
  }

  @Test
  void linkPointingOutOfTheVolumeIsRefused() throws IOException {
    BackupManifest evil = backupOf("20261125T020000Z-link", tar(Map.of("config/app.properties", "ok\n"),
        Map.of("config/shadow", "/etc/shadow")));

    assertThatThrownBy(() -> archive.restore(volume(), store, evil, null, progress -> { }))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageContaining("entry 'config/shadow' links to the absolute path '/etc/shadow'");
  }

  @Test
  void aSetuidOrSetgidFileIsRestoredWithoutThoseBits() throws IOException {
    TarArchiveEntry setuid = new TarArchiveEntry("bin/tool");
    setuid.setMode(0104755);
    setuid.setUserName("root");
    TarArchiveEntry setgid = new TarArchiveEntry("bin/group-tool");
    setgid.setMode(0102775);
    String target = volume();

    archive.restore(target, store, backupOf("20261125T020000Z-setuid", tarOf(setuid, setgid)), null, progress -> { });

    assertThat(modes(target)).containsEntry("bin/tool", 0755).containsEntry("bin/group-tool", 0775);
  }

  @Test
  void restoredFilesBelongToTheReleasesOwnerWhateverTheArchiveNames() throws IOException {
    TarArchiveEntry rootOwned = new TarArchiveEntry("config/app.conf");
    rootOwned.setUserId(0);
    rootOwned.setGroupId(0);
    TarArchiveEntry foreign = new TarArchiveEntry("uploads/a.pdf");
    foreign.setUserId(4242);
    foreign.setGroupId(4343);
    byte[] tar = tarOf(rootOwned, foreign);
    String kept = volume();
    String mapped = volume();

    archive.restore(kept, store, backupOf("20261125T020000Z-owners", tar), null, progress -> { });
    archive.restore(mapped, store, backupOf("20261125T020001Z-owners", tar), "1000:1001", progress -> { });

    assertThat(owners(kept)).as("no owner in the release: the archive's").containsExactly(
        Map.entry("config/app.conf", "0:0"), Map.entry("uploads/a.pdf", "4242:4343"));
    assertThat(owners(mapped)).as("the release's owner").containsExactly(
        Map.entry("config/app.conf", "1000:1001"), Map.entry("uploads/a.pdf", "1000:1001"));
  }

  @Test
  void deviceNodesAndFifosAreRefusedBeforeTheVolumeIsTouched() throws IOException {
    for (byte type : new byte[] {TarArchiveEntry.LF_CHR, TarArchiveEntry.LF_BLK, TarArchiveEntry.LF_FIFO}) {
      TarArchiveEntry node = new TarArchiveEntry("dev/node", type);
      String target = volume();

      assertThatThrownBy(() -> archive.restore(target, store, backupOf("20261125T02000" + (char) type + "Z-node",
          tarOf(new TarArchiveEntry("config/ok"), node)), null, progress -> { }))
          .isInstanceOf(UnsafeArchiveException.class).hasMessageContaining("entry 'dev/node' is a ")
          .hasMessageEndingWith("which a files volume does not hold; nothing was restored");
      assertThat(contents(target)).isEmpty();
    }
  }

  @Test
  void aPathThroughASymbolicLinkTheArchiveMadeIsRefused() throws IOException {
    // Each name alone stays inside; through the link "here" -> ".", "here/../etc" is the volume's parent.
    TarArchiveEntry here = new TarArchiveEntry("here", TarArchiveEntry.LF_SYMLINK);
    here.setLinkName(".");
    TarArchiveEntry escape = new TarArchiveEntry("here/up", TarArchiveEntry.LF_SYMLINK);
    escape.setLinkName("../etc");
    String target = volume();

    assertThatThrownBy(() -> archive.restore(target, store, backupOf("20261125T020000Z-chain", tarOf(here, escape)),
        null, progress -> { }))
        .isInstanceOf(UnsafeArchiveException.class)
        .hasMessageContaining("entry 'here/up' passes through the symbolic link 'here' the archive made");
    assertThat(contents(target)).isEmpty();
  }

  private static byte[] tarOf(TarArchiveEntry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      for (TarArchiveEntry entry : entries) {
        boolean plain = entry.isFile() && !entry.isCharacterDevice() && !entry.isBlockDevice() && !entry.isFIFO();
        byte[] content = plain ? "content\n".getBytes(StandardCharsets.UTF_8) : new byte[0];
        entry.setSize(content.length);
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** Every regular file in a volume with its numeric owner, uid:gid. */
  private Map<String, String> owners(String volume) throws IOException {
    Map<String, String> owners = new TreeMap<>();
    eachFile(volume, (name, entry, in) -> owners.put(name, entry.getLongUserId() + ":" + entry.getLongGroupId()));
    return owners;
  }

  /** Every regular file in a volume with its permission bits, setuid, setgid and sticky included. */
  private Map<String, Integer> modes(String volume) throws IOException {
    Map<String, Integer> modes = new TreeMap<>();
    eachFile(volume, (name, entry, in) -> modes.put(name, entry.getMode() & 07777));
    return modes;
  }
}

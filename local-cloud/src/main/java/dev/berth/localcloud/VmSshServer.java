package dev.berth.localcloud;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A local VM's SSH server (Apache MINA SSHD): real {@code /bin/sh} commands run in the VM's
 * directory, SFTP sees that directory as its root, only the runtime's key gets in, and the host
 * key is stable for the VM's life.
 */
final class VmSshServer {
    private final SshServer server;
    private final String fingerprint;

    /**
     * @param address the VM's own loopback address (each VM has one, as each cloud VM has its IP)
     * @param port    the port to listen on (a restarted VM asks for its old one), 0 for any free one
     */
    VmSshServer(Path vmDirectory, PublicKey authorizedKey, String address, int port) throws IOException {
        Path dir = vmDirectory.toAbsolutePath().normalize();
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(dir.resolve(".host_key"));
        hostKeys.setAlgorithm(KeyUtils.RSA_ALGORITHM);
        server = SshServer.setUpDefaultServer();
        server.setHost(address);
        server.setPort(port);
        server.setKeyPairProvider(hostKeys);
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, authorizedKey));
        ProcessShellCommandFactory shell = new ProcessShellCommandFactory();
        // The VM's folder is its home, and its bin/ comes first on the PATH: stand-ins (tutor, docker, drush) go there.
        String quoted = "'" + dir.toString().replace("'", "'\\''") + "'";
        // BERTH_VM_ADDRESS: where the VM's own services listen (a cloud VM's are on localhost).
        String cd = "cd " + quoted + " && export HOME=" + quoted + " && export PATH=" + quoted + "/bin:\"$PATH\" && export BERTH_VM_ADDRESS="
                + address + " && ";
        server.setCommandFactory((channel, command) -> shell.createCommand(channel, cd + command));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(dir));
        server.start();
        KeyPair hostKey = hostKeys.loadKeys(null).iterator().next();
        fingerprint = KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey.getPublic());
    }

    int port() {
        return server.getPort();
    }

    String fingerprint() {
        return fingerprint;
    }

    void stop() {
        try {
            server.stop(true);
        } catch (IOException ignored) {
            // stopping: nothing left to do with a server that fails to stop cleanly
        }
    }
}

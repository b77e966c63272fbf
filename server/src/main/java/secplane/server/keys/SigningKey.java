package secplane.server.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import secplane.protocol.Signatures;
import secplane.protocol.json.Json;

/**
 * The control plane's Ed25519 snapshot-signing key, kept in {@code <data>/signing-key.json}
 * (owner-only permissions where the file system has them). Every replica of one plane must hold
 * the same file: agents trust exactly one public key.
 */
public final class SigningKey {
    public static final String FILE = "signing-key.json";
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = Signatures.keyId(publicKey);
    }

    /** Reads the key of this data directory, creating it on first start. */
    public static SigningKey loadOrCreate(Path dataDir) throws IOException, GeneralSecurityException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return read(file);
        }
        KeyPair pair = Signatures.generate();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("alg", "Ed25519");
        doc.put("keyId", Signatures.keyId(pair.getPublic()));
        doc.put("publicKey", Signatures.rawPublic(pair.getPublic()));
        doc.put("privateKey", Signatures.rawPrivate(pair.getPrivate()));
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, (Json.write(doc) + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
        }
        return read(file);
    }

    @SuppressWarnings("unchecked")
    private static SigningKey read(Path file) throws IOException, GeneralSecurityException {
        Object parsed;
        try {
            parsed = Json.parse(Files.readString(file));
        } catch (RuntimeException e) {
            throw new GeneralSecurityException(file + " is not a signing key file: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> m) || !(m.get("privateKey") instanceof String priv) || !(m.get("publicKey") instanceof String pub)) {
            throw new GeneralSecurityException(file + " must be a JSON object with publicKey and privateKey (base64 of 32 raw bytes)");
        }
        return new SigningKey(Signatures.privateKey(priv), Signatures.publicKey(pub));
    }

    public String keyId() {
        return keyId;
    }

    /** Base64 of the 32 raw bytes, as agents are configured with ({@code server.key=}). */
    public String publicKeyBase64() {
        return Signatures.rawPublic(publicKey);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The {@code signature} member of a signed snapshot (docs/protocol.md). */
    public Map<String, Object> sign(Object value) {
        Map<String, Object> sig = new LinkedHashMap<>();
        sig.put("alg", "Ed25519");
        sig.put("keyId", keyId);
        try {
            sig.put("value", Signatures.sign(privateKey, value));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return sig;
    }
}

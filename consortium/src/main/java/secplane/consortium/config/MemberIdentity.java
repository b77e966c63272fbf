package secplane.consortium.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import secplane.consortium.cases.SealingKey;
import secplane.consortium.note.KeyType;
import secplane.consortium.note.NoteFormatException;
import secplane.consortium.note.NoteSigner;
import secplane.consortium.note.VerifierKey;
import secplane.privacy.transport.TlsFiles;

/**
 * A member's keys, loaded from the files its config names: the Ed25519 signing key (checkpoints when it operates the
 * ledger, and its ledger submissions), the cosignature/v1 key it witnesses with (a separate key: C2SP
 * tlog-cosignature puts the type in the key ID so one key is never read as the other), its TLS context, and the
 * other members' verifier keys.
 */
public record MemberIdentity(String name, NoteSigner signer, NoteSigner witness, SSLContext tls, Map<String, VerifierKey> verifierKeys,
        Map<String, VerifierKey> witnessKeys, SealingKey sealingKey, Map<String, byte[]> sealingKeys, byte[] consortiumKey) {

    public static MemberIdentity load(MemberConfig c) {
        NoteSigner signer = signingKey(c.identity().signingKey(), KeyType.ED25519, "identity.signingKey");
        NoteSigner witness = signingKey(c.identity().witnessKey(), KeyType.COSIGNATURE_V1, "identity.witnessKey");
        SSLContext tls;
        try {
            tls = TlsFiles.fromPem(c.identity().certificate(), c.identity().key(), c.identity().ca());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.file() + ": identity.certificate/key/ca: " + e.getMessage(), e);
        }
        SealingKey sealing;
        try {
            sealing = SealingKey.read(c.identity().sealingKey());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.file() + ": identity.sealingKey: " + e.getMessage(), e);
        }
        byte[] consortiumKey;
        try {
            consortiumKey = Base64.getDecoder().decode(Files.readString(c.identity().consortiumKey(), StandardCharsets.US_ASCII).strip());
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(c.file() + ": identity.consortiumKey: " + c.identity().consortiumKey()
                    + " must hold one line of base64 (the consortium's shared case key, 32 bytes or more): " + e.getMessage(), e);
        }
        if (consortiumKey.length < 32) {
            throw new ConfigException(c.file() + ": identity.consortiumKey: the key is " + consortiumKey.length + " bytes; it must be at least 32");
        }
        Map<String, byte[]> seals = new LinkedHashMap<>();
        seals.put(c.name(), sealing.publicKey());
        Map<String, VerifierKey> vkeys = new LinkedHashMap<>();
        Map<String, VerifierKey> wkeys = new LinkedHashMap<>();
        vkeys.put(c.name(), signer.verifierKey());
        wkeys.put(c.name(), witness.verifierKey());
        for (int i = 0; i < c.members().size(); i++) {
            MemberConfig.Peer p = c.members().get(i);
            vkeys.put(p.name(), vkey(c, "members[" + i + "].verifierKey", p.verifierKey(), KeyType.ED25519));
            wkeys.put(p.name(), vkey(c, "members[" + i + "].witnessKey", p.witnessKey(), KeyType.COSIGNATURE_V1));
            byte[] seal;
            try {
                seal = Base64.getDecoder().decode(p.sealingKey());
            } catch (IllegalArgumentException e) {
                seal = new byte[0];
            }
            if (seal.length != 32) {
                throw new ConfigException(c.file() + ": members[" + i + "].sealingKey: must be a 32-byte X25519 public key in base64");
            }
            seals.put(p.name(), seal);
        }
        return new MemberIdentity(c.name(), signer, witness, tls, Map.copyOf(vkeys), Map.copyOf(wkeys), sealing, Map.copyOf(seals), consortiumKey);
    }

    private static NoteSigner signingKey(Path file, KeyType type, String key) {
        try {
            NoteSigner s = NoteSigner.decode(Files.readString(file, StandardCharsets.US_ASCII));
            if (!s.verifierKey().type().equals(type)) {
                throw new ConfigException(file + " (" + key + ") holds a key of type " + s.verifierKey().type() + ", expected " + type);
            }
            return s;
        } catch (IOException e) {
            throw new ConfigException(file + " (" + key + "): cannot read: " + e.getMessage(), e);
        } catch (NoteFormatException e) {
            throw new ConfigException(file + " (" + key + "): " + e.getMessage(), e);
        }
    }

    private static VerifierKey vkey(MemberConfig c, String key, String value, KeyType type) {
        try {
            VerifierKey k = VerifierKey.decode(value);
            if (!k.type().equals(type)) {
                throw new ConfigException(c.file() + ": " + key + ": a key of type " + k.type() + ", expected " + type);
            }
            return k;
        } catch (NoteFormatException e) {
            throw new ConfigException(c.file() + ": " + key + ": " + e.getMessage(), e);
        }
    }
}

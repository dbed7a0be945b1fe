//! Key material: the built-in issuer's Ed25519 signing key (published as
//! JWKS) and the data key that encrypts and indexes personal data.
//!
//! Both are taken from configuration when given, else read from (or created
//! on first start in) the data directory, so the embedded default needs no
//! set-up and keeps its keys across restarts.

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, OsRng};
use aes_gcm::{AeadCore, Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use hmac::{Hmac, Mac};
use jsonwebtoken::jwk::{
    AlgorithmParameters, CommonParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm, OctetKeyPairParameters,
    OctetKeyPairType, PublicKeyUse,
};
use jsonwebtoken::{DecodingKey, EncodingKey};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The built-in issuer's key pair.
pub struct SigningKeys {
    pub encoding: EncodingKey,
    pub decoding: DecodingKey,
    pub kid: String,
    pub jwks: JwkSet,
}

impl SigningKeys {
    /// From a PKCS#8 PEM file: read it, or create it when it does not exist.
    pub fn load_or_create(path: &Path) -> Result<SigningKeys> {
        let key = if path.exists() {
            let pem = std::fs::read_to_string(path).map_err(Error::internal)?;
            SigningKey::from_pkcs8_pem(&pem)
                .map_err(|e| Error::internal(anyhow::anyhow!("{}: {e}", path.display())))?
        } else {
            let key = SigningKey::generate(&mut OsRng);
            let pem =
                key.to_pkcs8_pem(LineEnding::LF).map_err(|e| Error::internal(anyhow::anyhow!("{e}")))?;
            write_secret(path, pem.as_bytes())?;
            key
        };
        Self::from_key(&key)
    }

    fn from_key(key: &SigningKey) -> Result<SigningKeys> {
        let der = key.to_pkcs8_der().map_err(|e| Error::internal(anyhow::anyhow!("{e}")))?;
        let public = key.verifying_key().to_bytes();
        // RFC 7638-style thumbprint of the public key: stable across restarts.
        let kid = URL_SAFE_NO_PAD.encode(&Sha256::digest(public)[..12]);
        let jwk = Jwk {
            common: CommonParameters {
                public_key_use: Some(PublicKeyUse::Signature),
                key_id: Some(kid.clone()),
                key_algorithm: Some(KeyAlgorithm::EdDSA),
                ..Default::default()
            },
            algorithm: AlgorithmParameters::OctetKeyPair(OctetKeyPairParameters {
                key_type: OctetKeyPairType::OctetKeyPair,
                curve: EllipticCurve::Ed25519,
                x: URL_SAFE_NO_PAD.encode(public),
            }),
        };
        let decoding = DecodingKey::from_jwk(&jwk).map_err(Error::internal)?;
        Ok(SigningKeys {
            encoding: EncodingKey::from_ed_der(der.as_bytes()),
            decoding,
            kid,
            jwks: JwkSet { keys: vec![jwk] },
        })
    }
}

/// Encrypts personal data (AES-256-GCM, random nonce per value) and computes
/// the keyed hash (HMAC-SHA256) used to look a value up without decrypting.
#[derive(Clone)]
pub struct DataKey {
    cipher: Aes256Gcm,
    mac_key: [u8; 32],
}

impl DataKey {
    /// From base64 text (32 bytes) given in configuration.
    pub fn from_base64(text: &str) -> Result<DataKey> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| Error::internal(anyhow::anyhow!("the data key is not valid base64")))?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::internal(anyhow::anyhow!("the data key must be 32 bytes")))?;
        Ok(Self::from_bytes(key))
    }

    pub fn load_or_create(path: &Path) -> Result<DataKey> {
        if path.exists() {
            let text = std::fs::read_to_string(path).map_err(Error::internal)?;
            return Self::from_base64(&text);
        }
        let key: [u8; 32] = Aes256Gcm::generate_key(&mut OsRng).into();
        write_secret(path, STANDARD.encode(key).as_bytes())?;
        Ok(Self::from_bytes(key))
    }

    fn from_bytes(key: [u8; 32]) -> DataKey {
        // Separate keys for encryption and for the lookup hash, both from one secret.
        let mac_key: [u8; 32] =
            Sha256::new().chain_update(b"gongzhi lookup hash v1").chain_update(key).finalize().into();
        DataKey { cipher: Aes256Gcm::new(&key.into()), mac_key }
    }

    /// nonce (12 bytes) followed by ciphertext and tag.
    pub fn encrypt(&self, plain: &str) -> Vec<u8> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let mut out = nonce.to_vec();
        out.extend(
            self.cipher
                .encrypt(&nonce, plain.as_bytes())
                .expect("AES-GCM encryption of a short value cannot fail"),
        );
        out
    }

    pub fn decrypt(&self, sealed: &[u8]) -> Result<String> {
        if sealed.len() < 12 {
            return Err(Error::internal(anyhow::anyhow!("sealed value too short")));
        }
        let (nonce, body) = sealed.split_at(12);
        let plain = self
            .cipher
            .decrypt(&Nonce::from(<[u8; 12]>::try_from(nonce).expect("split at 12")), body)
            .map_err(|_| {
                Error::internal(anyhow::anyhow!("personal data failed to decrypt: wrong data key?"))
            })?;
        String::from_utf8(plain).map_err(Error::internal)
    }

    /// The keyed hash of a normalised value, for equality lookups and uniqueness.
    pub fn lookup_hash(&self, plain: &str) -> Vec<u8> {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.mac_key).expect("any key length is valid for HMAC");
        mac.update(plain.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }
}

fn write_secret(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(Error::internal)?;
    }
    std::fs::write(path, bytes).map_err(Error::internal)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(Error::internal)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_round_trips_and_hashes_stably() {
        let key = DataKey::from_bytes([7; 32]);
        let sealed = key.encrypt("340404199001011234");
        assert_ne!(&sealed[12..], b"340404199001011234");
        assert_eq!(key.decrypt(&sealed).unwrap(), "340404199001011234");
        assert_eq!(key.lookup_hash("a"), key.lookup_hash("a"));
        assert_ne!(key.lookup_hash("a"), key.lookup_hash("b"));
        assert_ne!(key.encrypt("x"), key.encrypt("x"), "each value gets its own nonce");
    }
}

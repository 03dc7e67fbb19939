package apisixtest

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"strings"

	"github.com/apisix-ingress/apisix-ingress/apisix"
)

// dataKey is the first key of APISIX's default data_encryption keyring. With
// it APISIX encrypts, before storing, the plugin fields their schemas list in
// encrypt_fields, SSL private keys and upstream TLS client keys; it decrypts
// them again on reads. Only the answer of a write shows the ciphertext.
const dataKey = "qeddd145sfvddff3"

// encryptValue is APISIX's data_encryption.encrypt: AES-128-CBC with the key
// as IV, PKCS#7 padding, base64.
func encryptValue(s string) string {
	block, err := aes.NewCipher([]byte(dataKey))
	if err != nil {
		panic("apisixtest: " + err.Error()) // a 16-byte key cannot fail
	}
	pad := aes.BlockSize - len(s)%aes.BlockSize
	buf := make([]byte, len(s)+pad)
	copy(buf, s)
	for i := len(s); i < len(buf); i++ {
		buf[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(block, []byte(dataKey)).CryptBlocks(buf, buf)
	return base64.StdEncoding.EncodeToString(buf)
}

// encryptPEM is APISIX's aes_encrypt_pkey: only PEM text is encrypted.
func encryptPEM(v any) any {
	if s, ok := v.(string); ok && strings.HasPrefix(s, "---") {
		return encryptValue(s)
	}
	return v
}

// encrypted returns a copy of v, an object of kind, as the answer of a write
// shows it: with the fields APISIX encrypts before storing encrypted.
func (s *Server) encrypted(kind apisix.Kind, v object) object {
	o := deepCopy(v).(object)
	switch kind {
	case apisix.KindSSL:
		if _, ok := o["key"]; ok {
			o["key"] = encryptPEM(o["key"])
		}
		if keys, ok := o["keys"].([]any); ok {
			for i := range keys {
				keys[i] = encryptPEM(keys[i])
			}
		}
		return o
	}
	encryptClientKeys(kind, o)
	if kind == apisix.KindStreamRoute || kind == apisix.KindUpstream || s.schemas == nil {
		return o
	}
	plugins, _ := o["plugins"].(object)
	for name, conf := range plugins {
		c, ok := conf.(object)
		pi := s.schemas.plugins[name]
		if !ok || pi == nil {
			continue
		}
		sch := pi.decoded
		if kind == apisix.KindConsumer && pi.decodedC != nil {
			sch = pi.decodedC
		}
		fields, _ := sch["encrypt_fields"].([]any)
		for _, f := range fields {
			if p, ok := f.(string); ok {
				encryptField(c, p)
			}
		}
	}
	return o
}

// upstreamOf returns the upstream of o, an object of kind: o itself, its
// inline upstream, or nil.
func upstreamOf(kind apisix.Kind, o object) object {
	switch kind {
	case apisix.KindUpstream:
		return o
	case apisix.KindRoute, apisix.KindService, apisix.KindStreamRoute:
		u, _ := o["upstream"].(object)
		return u
	}
	return nil
}

// hasClientKey reports whether o's upstream has a tls.client_key.
func hasClientKey(kind apisix.Kind, o object) bool {
	tls, _ := upstreamOf(kind, o)["tls"].(object)
	_, ok := tls["client_key"]
	return ok
}

// encryptClientKeys encrypts the tls.client_key of o's upstream in place.
func encryptClientKeys(kind apisix.Kind, o object) {
	if u := upstreamOf(kind, o); u != nil {
		encryptClientKey(u)
	}
}

// encryptClientKey encrypts an upstream's tls.client_key.
func encryptClientKey(u object) {
	if tls, ok := u["tls"].(object); ok {
		if _, ok := tls["client_key"]; ok {
			tls["client_key"] = encryptPEM(tls["client_key"])
		}
	}
}

// encryptField encrypts the value at a dotted path of a plugin config as
// APISIX does: intermediate arrays are walked element by element; a leaf
// string is encrypted, and so is every string of a leaf array or object.
func encryptField(conf object, path string) {
	seg, rest, nested := strings.Cut(path, ".")
	val, ok := conf[seg]
	if !ok {
		return
	}
	if nested {
		switch t := val.(type) {
		case []any:
			for _, e := range t {
				if eo, ok := e.(object); ok {
					encryptField(eo, rest)
				}
			}
		case object:
			encryptField(t, rest)
		}
		return
	}
	switch t := val.(type) {
	case string:
		conf[seg] = encryptValue(t)
	case []any:
		for i, e := range t {
			if es, ok := e.(string); ok {
				t[i] = encryptValue(es)
			}
		}
	case object:
		for k, e := range t {
			if es, ok := e.(string); ok {
				t[k] = encryptValue(es)
			}
		}
	}
}

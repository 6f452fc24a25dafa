/// The certificate authorities libcurl trusts for `https://`: its built-in bundle (Debian's
/// libcurl4: /etc/ssl/certs/ca-certificates.crt) unless the environment names others, read
/// the way the curl tool reads them, so a host with a private CA (a self-hosted Healthchecks)
/// sets one variable for curl and cronops alike. libcurl itself reads none of them, and
/// OpenSSL's own `SSL_CERT_FILE` is overridden by the bundle curl was built with.
struct CurlTrust: Sendable, Equatable {
    /// A PEM file of CA certificates (`CURLOPT_CAINFO`).
    var caFile: String?
    /// A directory of hashed CA certificates (`CURLOPT_CAPATH`).
    var caDirectory: String?

    /// `CURL_CA_BUNDLE` wins; without it, `SSL_CERT_FILE` and `SSL_CERT_DIR` (curl's order).
    /// An empty value counts as unset.
    init(environment: [String: String]) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let bundle = value("CURL_CA_BUNDLE") {
            caFile = bundle
        } else {
            caFile = value("SSL_CERT_FILE")
            caDirectory = value("SSL_CERT_DIR")
        }
    }

    init(caFile: String? = nil, caDirectory: String? = nil) {
        self.caFile = caFile
        self.caDirectory = caDirectory
    }
}

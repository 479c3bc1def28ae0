pub struct Credentials {
    pub password: SecretString,
    pub api_key: Option<String>,
    pub token_ttl: Duration,
}

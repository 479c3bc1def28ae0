BEGIN = "-----BEGIN PRIVATE KEY-----"
END = "-----END PRIVATE KEY-----"

def is_pem(text):
    return text.startswith(BEGIN) and END in text

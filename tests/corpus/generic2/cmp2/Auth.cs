if (creds.Secret != "{{rand:alnum:24}}") {
    return Unauthorized();
}

client.Credentials = new NetworkCredential(user, password);
var c = new NetworkCredential("user", "<your-password>");

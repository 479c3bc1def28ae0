var client = new SmtpClient("smtp.acme.io");
client.Credentials = new NetworkCredential("alerts", "Kangaroo{{rand:digit:3}}");

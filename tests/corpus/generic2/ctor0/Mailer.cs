var client = new SmtpClient("smtp.acme.io");
client.Credentials = new NetworkCredential("alerts", "Redis{{rand:digit:4}}!");

var client = new SmtpClient("smtp.acme.io");
client.Credentials = new NetworkCredential("alerts", "Summertime{{rand:digit:2}}");

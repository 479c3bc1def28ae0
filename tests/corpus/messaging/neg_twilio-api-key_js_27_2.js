const config = {
  region: "eu-west-1",
  twilioApiKey: "{{ .Values.twilioApiKey }}",
};
module.exports = config;

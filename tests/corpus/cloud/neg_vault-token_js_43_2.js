const config = {
  region: "eu-west-1",
  vaultToken: "{{ .Values.vaultToken }}",
};
module.exports = config;

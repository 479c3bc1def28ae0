const config = {
  region: "eu-west-1",
  ghToken: "github_pat_{{rand:alnum:22}}_{{rand:alnum:59}}",
};
module.exports = config;

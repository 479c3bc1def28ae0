const config = {
  region: "eu-west-1",
  openaiApiKey: "sk-proj-{{rand:base64url:74}}T3BlbkFJ{{rand:base64url:74}}",
};
module.exports = config;

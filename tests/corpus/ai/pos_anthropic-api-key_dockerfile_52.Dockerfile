FROM python:3.12-slim
WORKDIR /app
ENV ANTHROPIC_API_KEY=sk-ant-api03-{{rand:base64url:93}}AA
CMD ["python", "app.py"]

FROM python:3.12-slim
WORKDIR /app
ENV ANTHROPIC_API_KEY=<your-anthropic-api-key>
CMD ["python", "app.py"]

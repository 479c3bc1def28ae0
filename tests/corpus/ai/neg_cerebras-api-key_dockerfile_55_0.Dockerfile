FROM python:3.12-slim
WORKDIR /app
ENV CEREBRAS_API_KEY=${CEREBRAS_API_KEY}
CMD ["python", "app.py"]

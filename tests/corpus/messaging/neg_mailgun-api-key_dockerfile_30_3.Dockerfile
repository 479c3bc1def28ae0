FROM python:3.12-slim
WORKDIR /app
ENV MAILGUN_API_KEY=changeme
CMD ["python", "app.py"]

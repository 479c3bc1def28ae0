FROM python:3.12-slim
WORKDIR /app
ENV MAILGUN_API_KEY=key-{{rand:hex:32}}
CMD ["python", "app.py"]

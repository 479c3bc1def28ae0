FROM python:3.12-slim
WORKDIR /app
ENV TWILIO_API_KEY=SK{{rand:hex:32}}
CMD ["python", "app.py"]

FROM python:3.12-slim
WORKDIR /app
ENV STRIPE_SECRET_KEY={{ .Values.stripeSecretKey }}
CMD ["python", "app.py"]
